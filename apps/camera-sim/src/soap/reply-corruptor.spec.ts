import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { entityBombXml, malformedXml, truncatedXml } from './reply-corruptor';
import { soapOk } from './soap-envelope';

describe('reply corruption', () => {
  const good = soapOk('<tds:GetDeviceInformationResponse><tds:Model>camera-sim</tds:Model></tds:GetDeviceInformationResponse>').xml;

  it('starts from a well-formed reply', () => {
    expect(XMLValidator.validate(good)).toBe(true);
  });

  it('makes malformed and truncated XML', () => {
    expect(XMLValidator.validate(malformedXml(good))).not.toBe(true);
    const cut = truncatedXml(good);
    expect(good.startsWith(cut)).toBe(true);
    expect(XMLValidator.validate(cut)).not.toBe(true);
  });

  it('puts a billion-laughs DOCTYPE in front and references it from the Header', () => {
    const bomb = entityBombXml(good);
    expect(bomb.match(/<!ENTITY/g)).toHaveLength(10);
    expect(bomb).toContain('<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">');
    expect(bomb).toContain('>&lol9;</sim:Note>');
    const parsed = new XMLParser({ processEntities: false, removeNSPrefix: true }).parse(bomb);
    expect(parsed.Envelope.Body.GetDeviceInformationResponse.Model).toBe('camera-sim');
  });
});
